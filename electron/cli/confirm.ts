import { createInterface } from 'node:readline'
import { KeywardError } from '../../shared/errors'
import type { CliIO } from './io'

/**
 * Asks "QUESTION [y/N]" on a terminal and resolves true only for y/yes. Without a terminal there
 * is nobody to ask: it refuses with what to add (`--yes`), so a script never changes an org by accident.
 */
export async function confirmOnTerminal(io: CliIO, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true
  if (!io.stdin.isTTY) throw new KeywardError('INVALID_INPUT', `${question.replace(/\?$/, '')}: nobody is at a terminal to confirm it; add --yes to go ahead`)
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream })
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve))
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
