import { createCliContext } from './cli-context'
import { reportFailure } from './command'
import { commands } from './commands'
import { EXIT, EXIT_CODES_HELP } from './exit-codes'
import { type CliIO, terminalSafeIO } from './io'
import { KEYWARD_VERSION } from '../core/platform/version'

async function topLevelHelp(): Promise<string> {
  const lines = await Promise.all(Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(10)} ${(await load()).summary}`))
  return `Usage: keyward <command> [options]    (keyward <command> --help for details)

Commands:
${lines.join('\n')}

${EXIT_CODES_HELP}
`
}

/**
 * Runs one CLI invocation and returns its exit code. Every word it and the command write goes
 * through the terminal guard (terminalSafeIO), so a name from the Admin API cannot drive the terminal.
 */
export async function runCli(argv: string[], rawIO: CliIO): Promise<number> {
  const io = terminalSafeIO(rawIO)
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await topLevelHelp())
    return name === undefined ? EXIT.USAGE : EXIT.OK
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${KEYWARD_VERSION}\n`)
    return EXIT.OK
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!load) {
    io.stderr.write(`keyward: unknown command "${name.slice(0, 40)}"; run: keyward --help\n`)
    return EXIT.USAGE
  }
  const command = await load()
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`)
    return EXIT.OK
  }
  // One context per invocation: what the command opens is opened once, and closed here whatever happened.
  const cli = createCliContext(io)
  let code: number
  try {
    code = await command.run(args, io, cli)
  } catch (error) {
    code = reportFailure(io, error)
  }
  try {
    await cli.close()
  } catch (error) {
    const closing = reportFailure(io, error)
    if (code === EXIT.OK) code = closing
  }
  return code
}
