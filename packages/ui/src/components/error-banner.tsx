import { errorText } from "../api/api-error.js";

/** A visible, non-console error message for a failed request. */
export function ErrorBanner({ error, prefix }: { readonly error: unknown; readonly prefix?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="error-banner" role="alert">
      {prefix ? `${prefix}: ` : ""}
      {errorText(error)}
    </div>
  );
}
