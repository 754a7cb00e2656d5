import { describeModelApi } from "./test-support/describe-model-api.js";
import { POSTGRES_BACKEND } from "./test-support/test-backends.js";

// Never skipped: without PostgreSQL (SEXTANT_TEST_POSTGRES_URL / the global setup) this fails.
describeModelApi(POSTGRES_BACKEND);
