import { describeConcurrentLogging } from "./test-support/describe-concurrent-logging.js";
import { POSTGRES_BACKEND } from "./test-support/test-backends.js";

// Never skipped: without PostgreSQL (SEXTANT_TEST_POSTGRES_URL / the global setup) this fails.
describeConcurrentLogging(POSTGRES_BACKEND);
