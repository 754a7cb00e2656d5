/** Shown instead of registry views when the server has no model registry endpoints. */
export function RegistryUnavailable() {
  return (
    <div className="notice" role="status" data-testid="registry-unavailable">
      <strong>Model registry not available on this server.</strong> The server answered that the registry endpoints do not
      exist (ENDPOINT_NOT_FOUND). Experiments and runs work as usual.
    </div>
  );
}
