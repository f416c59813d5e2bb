package dev.gatehouse.core.password;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Moves the calling thread to the lowest CPU priority (Linux {@code nice 19}), so that it runs
 * when the cores have nothing more urgent to do.
 *
 * <p>Password hashes run on such threads. A login flood then still uses every idle core, but a
 * session check arriving meanwhile is scheduled first, so checks keep most of their pace during
 * a flood (measured in docs/benchmarks.md, "What the last round of profiling changed").
 *
 * <p>Java maps thread priorities to the operating system only with extra JVM flags, so this asks
 * {@code renice} to lower the one thread (on Linux a thread id is a valid {@code -p} target, and
 * any user may lower a priority). Elsewhere, or when {@code renice} is missing, the thread keeps
 * its priority and a debug line says so.
 */
final class LowCpuPriority {

    private static final System.Logger LOG = System.getLogger(LowCpuPriority.class.getName());
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    /** Where util-linux puts it; not looked up on PATH, which the environment could point elsewhere. */
    private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));

    private LowCpuPriority() {
    }

    /** Lowers the calling thread's priority; true when it was lowered. */
    static boolean lowerCallingThread() {
        try {
            Path renice = RENICE.stream().filter(Files::isExecutable).findFirst().orElse(null);
            if (renice == null || !Files.exists(THREAD_SELF)) {
                LOG.log(Level.DEBUG, "hashing threads keep their priority: no renice or /proc/thread-self here");
                return false;
            }
            // "<pid>/task/<tid>"
            String self = Files.readSymbolicLink(THREAD_SELF).toString();
            String threadId = self.substring(self.lastIndexOf('/') + 1);
            Process process = new ProcessBuilder(renice.toString(), "-n", "19", "-p", threadId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "hashing threads keep their priority: " + e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
