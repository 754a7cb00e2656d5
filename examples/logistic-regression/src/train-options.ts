import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Penalty } from "./logistic-regression.js";

/** What one training run uses, parsed from the command line. */
export interface TrainOptions {
  /** C as written on the command line (logged as the param `C`); `C` is its value. */
  readonly cText: string;
  readonly C: number;
  readonly penalty: Penalty;
  /** The CSV file (header x1,x2,…,y,split). */
  readonly data: string;
  readonly maxIter?: number;
  readonly tol?: number;
  readonly seed?: number;
  /** Name to register the model under; "" skips registration. */
  readonly registeredModelName: string;
}

/** Thrown for a bad command line; the message says which flag and what it expects. */
export class TrainUsageError extends Error {
  override readonly name = "TrainUsageError";
}

export const USAGE =
  "usage: node dist/train.js --C <float > 0> --penalty <l1|l2> [--data <csv>] [--max-iter <int>] [--tol <float>] [--seed <int>] [--registered-model-name <name>]";

const DEFAULT_DATA = fileURLToPath(new URL("../data/dataset.csv", import.meta.url));

/**
 * Parses train.js's flags (the MLproject command passes `--C {C} --penalty {penalty}`, and
 * `sextant run -P name=value` appends `--name value`). Defaults: C 1.0, penalty l1 (as in
 * MLproject), data `data/dataset.csv` next to the script, model name `test_model`.
 * Throws TrainUsageError naming the flag.
 */
export function parseTrainOptions(argv: readonly string[]): TrainOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        C: { type: "string" },
        penalty: { type: "string" },
        data: { type: "string" },
        "max-iter": { type: "string" },
        tol: { type: "string" },
        seed: { type: "string" },
        "registered-model-name": { type: "string" },
      },
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new TrainUsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const cText = values.C ?? "1.0";
  const C = number("--C", cText);
  if (!(C > 0)) throw new TrainUsageError(`--C must be a number > 0, got ${cText}`);
  const penalty = values.penalty ?? "l1";
  if (penalty !== "l1" && penalty !== "l2") throw new TrainUsageError(`--penalty must be l1 or l2, got ${penalty}`);
  const maxIter = values["max-iter"] === undefined ? undefined : integer("--max-iter", values["max-iter"]);
  const tol = values.tol === undefined ? undefined : number("--tol", values.tol);
  const seed = values.seed === undefined ? undefined : integer("--seed", values.seed);
  return {
    cText,
    C,
    penalty,
    data: values.data ?? DEFAULT_DATA,
    ...(maxIter === undefined ? {} : { maxIter }),
    ...(tol === undefined ? {} : { tol }),
    ...(seed === undefined ? {} : { seed }),
    registeredModelName: values["registered-model-name"] ?? "test_model",
  };
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new TrainUsageError(`${flag} must be a number, got '${text}'`);
  return value;
}

function integer(flag: string, text: string): number {
  const value = number(flag, text);
  if (!Number.isInteger(value)) throw new TrainUsageError(`${flag} must be an integer, got '${text}'`);
  return value;
}
