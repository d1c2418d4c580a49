// Preload of measure-start.js --cpu-prof: Node writes a --cpu-prof profile only on a normal exit.
"use strict";
process.on("SIGTERM", () => process.exit(0));
