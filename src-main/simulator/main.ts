/** `npm run simulator -- --port 1545 …`: a fake RAS until Ctrl+C. */
import { runSimulatorCli } from './cli'

void runSimulatorCli(process.argv.slice(2))
