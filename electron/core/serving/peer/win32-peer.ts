import type { Koffi } from './koffi-loader'
import type { PeerLookup, ProcessFacts } from './peer-identity'

const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
const MAX_PATH_CHARS = 32_768

/**
 * Windows: GetNamedPipeClientProcessId on the server end of the pipe names the client, and
 * QueryFullProcessImageNameW its executable. Windows keeps no per-process working directory that
 * another process can read without reading its memory, so `cwd` is null and the claimed-directory
 * check cannot run there (docs/threat-model.md says so).
 *
 * Limitation: Node's net.Socket for a named pipe does not expose the pipe's HANDLE to JavaScript
 * (`_handle.fd` is -1 on Windows), so `credentials` returns null until the handle can be reached (a
 * small N-API addon would do it); the process lookup works for any pid. Not run on the test machines.
 */
export function createWin32PeerLookup(koffi: Koffi, pipeHandle: (socket: unknown) => unknown = () => null): PeerLookup {
  const kernel32 = koffi.load('kernel32.dll')
  const GetNamedPipeClientProcessId = kernel32.func('bool __stdcall GetNamedPipeClientProcessId(void *pipe, _Out_ uint32_t *pid)')
  const OpenProcess = kernel32.func('void * __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)')
  const CloseHandle = kernel32.func('bool __stdcall CloseHandle(void *handle)')
  const QueryFullProcessImageNameW = kernel32.func('bool __stdcall QueryFullProcessImageNameW(void *process, uint32_t flags, void *name, _Inout_ uint32_t *size)')
  const GetProcessTimes = kernel32.func('bool __stdcall GetProcessTimes(void *process, void *creation, void *exit, void *kernel, void *user)')
  return {
    credentials(socket) {
      const handle = pipeHandle(socket)
      if (handle === null || handle === undefined) return null
      const pid = [0]
      return GetNamedPipeClientProcessId(handle, pid) && pid[0]! > 0 ? { pid: pid[0]!, uid: null } : null
    },
    process(pid): ProcessFacts | null {
      const process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
      if (!process) return null
      try {
        const name = Buffer.alloc(MAX_PATH_CHARS * 2)
        const size = [MAX_PATH_CHARS]
        const exe = QueryFullProcessImageNameW(process, 0, name, size) ? name.toString('utf16le', 0, size[0]! * 2) : null
        const times = [Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)] as const
        const startTime = GetProcessTimes(process, times[0], times[1], times[2], times[3]) ? times[0].readBigUInt64LE().toString() : null
        return { pid, uid: null, exe, cwd: null, startTime, ppid: null, commandWrapper: false }
      } finally {
        CloseHandle(process)
      }
    },
  }
}
