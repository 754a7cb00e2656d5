/** A model version's stage as a coloured pill (Production green, Staging amber, Archived grey); nothing for "None". */
export function StagePill({ stage }: { readonly stage: string | undefined }) {
  if (!stage || stage === "None") return null;
  return <span className={`pill stage-${stage.toLowerCase()}`}>{stage}</span>;
}
