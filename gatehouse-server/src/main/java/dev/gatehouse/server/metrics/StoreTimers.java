package dev.gatehouse.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times every call to a storage port, as {@code gatehouse.store.operations} tagged with the port
 * and the operation (the method name), and counts failed calls as {@code gatehouse.store.errors}.
 *
 * <p>One decorator serves every port: a dynamic proxy over the port interface, so a method added
 * to a port is timed without anyone remembering to. Its cost (a reflective call and an argument
 * array, well under a microsecond) is small beside any store round trip. The timers are made
 * once, up front, per method, with the error counters; a call does a map lookup and records.
 */
public final class StoreTimers {

    private final MeterRegistry registry;

    StoreTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The port {@code target} with every call timed.
     *
     * @param port the port interface
     * @param name the {@code port} tag, for example {@code sessions}
     */
    public <T> T timed(Class<T> port, String name, T target) {
        Map<Method, Meters> meters = new HashMap<>();
        for (Method method : port.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                meters.put(method, new Meters(
                        Timer.builder("gatehouse.store.operations").description("Calls to the store, by port and operation")
                                .tags("port", name, "operation", method.getName()).register(registry),
                        Counter.builder("gatehouse.store.errors").description("Calls to the store that failed")
                                .tags("port", name, "operation", method.getName()).register(registry)));
            }
        }
        InvocationHandler handler = new Handler(target, Map.copyOf(meters));
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    /** The timer and error counter of one port method, made once. */
    private record Meters(Timer timer, Counter errors) {
    }

    private record Handler(Object target, Map<Method, Meters> meters) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Meters m = meters.get(method);
            long start = System.nanoTime();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (m != null) {
                    m.errors().increment();
                }
                throw e.getCause();
            } finally {
                if (m != null) {
                    m.timer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            }
        }
    }
}
