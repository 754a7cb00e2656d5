import { describeTrackingApi } from "./test-support/describe-tracking-api.js";
import { POSTGRES_BACKEND } from "./test-support/test-backends.js";

// Never skipped: without PostgreSQL (SEXTANT_TEST_POSTGRES_URL / the global setup) this fails.
describeTrackingApi(POSTGRES_BACKEND);
