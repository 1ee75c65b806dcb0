/**
 * Child processes: asyncio's {@code create_subprocess_exec}/{@code create_subprocess_shell} as
 * {@link io.jasyncio.subprocess.Subprocess#exec} and {@link io.jasyncio.subprocess.Subprocess#shell}, giving an
 * {@link io.jasyncio.subprocess.AsyncProcess} whose pipes are streams. Children still running when their loop
 * closes are terminated, then killed (through a close hook of the kernel's seam: the loop knows nothing of
 * processes).
 */
package io.jasyncio.subprocess;
