// Optimises each wasm module named on the command line, in place, as
// `wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int` does: one
// process for all of them, so Binaryen (compiled to wasm) starts once, not per module.
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";

binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
// as the command line does when it optimises: Stack IR generated and optimised on writing
binaryen.setGenerateStackIR(true);
binaryen.setOptimizeStackIR(true);
for (const file of process.argv.slice(2)) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(
    module.getFeatures() | binaryen.Features.BulkMemory | binaryen.Features.NontrappingFPToInt,
  );
  module.optimize();
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
