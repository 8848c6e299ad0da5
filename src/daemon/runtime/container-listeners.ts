// The TCP sockets a running container listens on, read from the host's /proc through the pid
// Docker reports. The pid is trusted only when /proc says the process is in that container's
// cgroup: a daemon in another pid namespace than Docker's would otherwise read a stranger's sockets.
import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { parseProcNet, type Listener } from '../health/listeners.js';

/** The container's listening sockets, or null when they cannot be told from here. */
export async function containerListeners(docker: Docker, id: string): Promise<Listener[] | null> {
  try {
    const info = await docker.getContainer(id).inspect();
    const pid = info.State.Pid;
    if (!info.State.Running || !Number.isInteger(pid) || pid <= 0) return null;
    const cgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8');
    if (!cgroup.includes(info.Id)) return null;
    const tables = await Promise.all(
      ['tcp', 'tcp6'].map((file) => readFile(`/proc/${pid}/net/${file}`, 'utf8').catch(() => '')),
    );
    return tables.flatMap(parseProcNet);
  } catch {
    return null; // gone meanwhile, or /proc not readable: the gate simply goes on probing
  }
}
