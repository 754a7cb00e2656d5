import { describeTrackingApi } from "./test-support/describe-tracking-api.js";
import { SQLITE_BACKEND } from "./test-support/test-backends.js";

describeTrackingApi(SQLITE_BACKEND);
