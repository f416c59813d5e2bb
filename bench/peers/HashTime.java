import dev.gatehouse.core.password.Argon2Cost;
import dev.gatehouse.core.password.Argon2idHasher;
import java.util.Arrays;

/**
 * The time of one password check at Gatehouse's default Argon2id cost, with Gatehouse's own hasher,
 * on one thread: the basis of the S3 bound (cores / one hash's time). Then the checks per second
 * the machine really sustains with one thread per core, outside any server: on a virtual machine
 * two vCPUs may share one physical core or its memory bandwidth, and this separates that from the
 * server's own overhead. Run with the server jar on the class path:
 * {@code java -cp gatehouse.jar HashTime.java [CHECKS]}. Prints the median in ms and checks/s.
 */
public class HashTime {

    public static void main(String[] args) {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Argon2idHasher hasher = new Argon2idHasher(Argon2Cost.OWASP_MINIMUM);
        String phc = hasher.hash("a long benchmark passphrase");
        for (int i = 0; i < 5; i++) {
            hasher.verify("a long benchmark passphrase", phc);
        }
        double[] ms = new double[checks];
        for (int i = 0; i < checks; i++) {
            long t0 = System.nanoTime();
            if (!hasher.verify("a long benchmark passphrase", phc)) {
                throw new IllegalStateException("the hash does not verify");
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        int cores = Runtime.getRuntime().availableProcessors();
        Thread[] threads = new Thread[cores];
        long t0 = System.nanoTime();
        for (int t = 0; t < cores; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < checks; i++) {
                    hasher.verify("a long benchmark passphrase", phc);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        double parallel = cores * checks / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("%.2f %.1f%n", ms[checks / 2], parallel);
    }
}
