import { MlflowError } from "@sextant/protocol";
import { type DataFrame, recordsToFrame, toDataFrame } from "./data-frame.js";

/** The JSON keys MLflow's scoring protocol accepts, exactly one per request. */
export const SCORING_KEYS = ["dataframe_split", "dataframe_records", "instances", "inputs"] as const;

function badRequest(message: string): MlflowError {
  return new MlflowError("BAD_REQUEST", message);
}

/** A list of rows without names, or column lists keyed by name, as a DataFrame. */
function tensorLike(value: unknown, key: string): DataFrame {
  if (Array.isArray(value)) {
    if (value.length === 0) return { columns: [], data: [] };
    if (value.every((row) => Array.isArray(row))) {
      const width = (value[0] as unknown[]).length;
      return { columns: Array.from({ length: width }, (_, i) => String(i)), data: value as unknown[][] };
    }
    if (value.every((row) => typeof row === "object" && row !== null)) return recordsToFrame(value);
    return { columns: ["0"], data: value.map((v) => [v]) };
  }
  if (typeof value === "object" && value !== null) {
    const columns = Object.keys(value);
    const lists = columns.map((c) => (value as Record<string, unknown>)[c]);
    if (lists.every((l) => Array.isArray(l))) {
      const length = (lists[0] as unknown[] | undefined)?.length ?? 0;
      if (lists.some((l) => (l as unknown[]).length !== length)) throw badRequest(`All columns of '${key}' must have the same length.`);
      return { columns, data: Array.from({ length }, (_, r) => lists.map((l) => (l as unknown[])[r])) };
    }
    return recordsToFrame([value]);
  }
  throw badRequest(`'${key}' must be a list of rows or an object of columns.`);
}

/**
 * Reads a JSON scoring request as MLflow's scoring server does: exactly one of
 * `dataframe_split` ({columns, data}), `dataframe_records` ([{col: value}]), `instances` or
 * `inputs` (rows, records, or {col: [values]}), plus an optional `params` object (ignored by
 * our flavors). BAD_REQUEST naming the problem otherwise.
 */
export function parseScoringJson(body: unknown): DataFrame {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`Invalid input. The request body must be a JSON object with one of the keys ${SCORING_KEYS.join(", ")}.`);
  }
  const present = SCORING_KEYS.filter((k) => k in body);
  const extra = Object.keys(body).filter((k) => !SCORING_KEYS.includes(k as (typeof SCORING_KEYS)[number]) && k !== "params");
  if (present.length !== 1 || extra.length > 0) {
    throw badRequest(
      `Invalid input. The request body must have exactly one of the keys ${SCORING_KEYS.join(", ")}` +
        `${present.length > 1 ? `, got ${present.join(" and ")}` : ""}${extra.length > 0 ? `; unexpected keys: ${extra.join(", ")}` : ""}.`,
    );
  }
  const key = present[0]!;
  const value = (body as Record<string, unknown>)[key];
  if (key === "dataframe_split") {
    const split = value as { columns?: unknown; data?: unknown } | null;
    if (typeof split !== "object" || split === null || !Array.isArray(split.data)) {
      throw badRequest("'dataframe_split' must be an object with 'columns' and 'data' lists.");
    }
    const columns = Array.isArray(split.columns) ? split.columns.map(String) : Array.from({ length: (split.data[0] as unknown[] | undefined)?.length ?? 0 }, (_, i) => String(i));
    return toDataFrame({ columns, data: split.data as unknown[][] });
  }
  if (key === "dataframe_records") {
    if (!Array.isArray(value)) throw badRequest("'dataframe_records' must be a list of records.");
    return recordsToFrame(value);
  }
  return tensorLike(value, key);
}

function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw badRequest("Invalid CSV: a quoted field is not closed.");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Reads CSV with a header row (the `text/csv` scoring format): numeric-looking fields become
 * numbers, empty fields null, others stay strings. BAD_REQUEST for ragged rows.
 */
export function parseScoringCsv(text: string): DataFrame {
  const [header, ...rows] = parseCsvRows(text);
  if (!header) throw badRequest("Invalid CSV: it is empty; send a header row and data rows.");
  const data = rows.map((row, r) => {
    if (row.length !== header.length) throw badRequest(`Invalid CSV: row ${r + 1} has ${row.length} fields, the header has ${header.length}.`);
    return row.map((v) => (v === "" ? null : NUMBER.test(v) ? Number(v) : v));
  });
  return { columns: header.map((h) => h.trim()), data };
}
