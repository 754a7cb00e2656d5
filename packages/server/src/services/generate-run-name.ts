const ADJECTIVES = [
  "amber", "bold", "brisk", "calm", "clever", "cosmic", "crisp", "curious", "dapper", "eager",
  "earnest", "fancy", "fearless", "gentle", "gleaming", "glossy", "graceful", "hardy", "humble", "jolly",
  "keen", "lively", "lucid", "mellow", "merry", "misty", "nimble", "noble", "patient", "plucky",
  "polished", "quiet", "radiant", "rapid", "rustic", "serene", "shiny", "silent", "sleek", "snowy",
  "spry", "steady", "stellar", "sturdy", "sunny", "swift", "tidy", "valiant", "vivid", "witty",
] as const;

const NOUNS = [
  "albatross", "anchor", "aurora", "badger", "beacon", "bison", "canyon", "comet", "compass", "condor",
  "coral", "crane", "delta", "dune", "falcon", "fjord", "glacier", "harbor", "hawk", "heron",
  "horizon", "ibis", "island", "kestrel", "lagoon", "lantern", "lynx", "meadow", "meteor", "nebula",
  "orbit", "otter", "owl", "pelican", "pine", "quasar", "raven", "reef", "ridge", "sextant",
  "sparrow", "summit", "tern", "tide", "tundra", "valley", "walrus", "willow", "wombat", "zephyr",
] as const;

/**
 * A readable run name `<adjective>-<noun>-<number>` (number below 1000), as MLflow gives runs
 * created without a name. `random` returns values in [0, 1); pass a seeded one in tests.
 */
export function generateRunName(random: () => number = Math.random): string {
  const pick = <T>(words: readonly T[]): T => words[Math.floor(random() * words.length) % words.length]!;
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(random() * 1000) % 1000}`;
}
