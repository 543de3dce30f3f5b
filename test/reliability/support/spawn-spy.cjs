/*
 * Preloaded into every keyward process of the leak scan (NODE_OPTIONS=--require this file): records
 * the process's own argv and environment, and the argv and environment of every child it starts,
 * as JSON lines in $KEYWARD_SPAWN_SPY_LOG, so the test can search them for secrets.
 */
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload must be CommonJS */
const fs = require('node:fs')
const cp = require('node:child_process')
const { syncBuiltinESMExports } = require('node:module')

const log = process.env.KEYWARD_SPAWN_SPY_LOG
if (log) {
  const write = (entry) => {
    try {
      fs.appendFileSync(log, `${JSON.stringify({ pid: process.pid, ...entry })}\n`)
    } catch {
      // the spy must never change the program's behaviour
    }
  }
  write({ what: 'self', argv: process.argv, env: process.env })
  const wrap = (name, argsOf) => {
    const original = cp[name]
    if (typeof original !== 'function') return
    cp[name] = function spied(...args) {
      try {
        const { file, argv, env } = argsOf(args)
        write({ what: 'child', via: name, file, argv, env: env ?? process.env })
      } catch {
        // ignore
      }
      return original.apply(this, args)
    }
  }
  const withArgs = (args) => {
    const [file, second, third] = args
    const argv = Array.isArray(second) ? second : []
    const options = Array.isArray(second) ? third : second
    return { file: String(file), argv, env: options && typeof options === 'object' ? options.env : undefined }
  }
  const shell = (args) => {
    const [command, options] = args
    return { file: String(command), argv: [], env: options && typeof options === 'object' ? options.env : undefined }
  }
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']) wrap(name, withArgs)
  for (const name of ['exec', 'execSync']) wrap(name, shell)
  syncBuiltinESMExports()
}
