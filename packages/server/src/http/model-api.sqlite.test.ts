import { describeModelApi } from "./test-support/describe-model-api.js";
import { SQLITE_BACKEND } from "./test-support/test-backends.js";

describeModelApi(SQLITE_BACKEND);
