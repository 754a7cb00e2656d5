import { randomBytes } from "node:crypto";
import type { ErrorCode, Metric, Run } from "@sextant/protocol";
import { expect } from "vitest";
import type { TrackingStore } from "../tracking-store.js";

/** What a contract-suite factory hands back: a fresh store and how to dispose of it. */
export interface StoreUnderTest {
  readonly store: TrackingStore;
  cleanup(): Promise<void>;
  /** The root the store was opened with, when the factory wants it checked. */
  readonly defaultArtifactRoot?: string;
}

/** Creates a store for a suite (called once per describe block). */
export type StoreFactory = () => Promise<StoreUnderTest>;

/** Lazily shared store of one describe block. */
export interface StoreHandle {
  readonly store: TrackingStore;
  readonly defaultArtifactRoot: string | undefined;
}

/** A name unique across suites sharing one database. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

/** Asserts `work` rejects with an MlflowError of `code` whose message matches `message`. */
export async function expectMlflowError(work: Promise<unknown>, code: ErrorCode, message?: string | RegExp): Promise<void> {
  let caught: unknown;
  try {
    await work;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected the call to fail").toBeInstanceOf(Error);
  const error = caught as Error & { code?: string };
  expect(error.name).toBe("MlflowError");
  expect(error.code, error.message).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** Creates an experiment with a unique name and returns its id. */
export async function newExperiment(store: TrackingStore, prefix = "exp"): Promise<string> {
  return store.createExperiment({ name: unique(prefix) });
}

/** Creates a run in `experimentId` with sensible defaults. */
export async function newRun(
  store: TrackingStore,
  experimentId: string,
  options: { runName?: string; startTime?: number; userId?: string } = {},
): Promise<Run> {
  return store.createRun({
    experimentId,
    runName: options.runName ?? unique("run"),
    userId: options.userId ?? "alice",
    startTime: options.startTime ?? 1_700_000_000_000,
    tags: [],
  });
}

/** A metric with defaults. */
export function metric(key: string, value: number, step = 0, timestamp = 1000): Metric {
  return { key, value, step, timestamp };
}

/** The latest metric values of a run as a key -> value record. */
export function latestValues(run: Run): Record<string, number> {
  return Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
}
