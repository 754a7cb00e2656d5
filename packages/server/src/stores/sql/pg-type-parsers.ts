import pg from "pg";

const INT8_OID = 20;

/**
 * The one place PostgreSQL type parsing is configured: int8 (bigint: timestamps, steps, run
 * keys, counts) comes back as a JS number instead of a string. Passed to every Pool we create,
 * so the driver's global parser table is never mutated.
 */
export const PG_TYPE_PARSERS: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8_OID && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};
