import { describeConcurrentLogging } from "./test-support/describe-concurrent-logging.js";
import { SQLITE_BACKEND } from "./test-support/test-backends.js";

describeConcurrentLogging(SQLITE_BACKEND);
