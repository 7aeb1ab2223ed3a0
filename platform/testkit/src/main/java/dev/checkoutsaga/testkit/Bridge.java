package dev.checkoutsaga.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Calls objects of the same testkit class loaded by another class loader (see
 * {@link TestInfra#get()}). Works because the service interfaces only use JDK types.
 */
final class Bridge {

    private Bridge() {
    }

    /** Invokes a public no-argument method of {@code target}, unwrapping its exception. */
    static Object call(Object target, String method) {
        ClassLoader previous = enter(target);
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Makes the target's class loader the context class loader for the call: Kafka (admin client,
     * broker stop/start) loads classes reflectively through it, and from a @QuarkusTest it would
     * otherwise be Quarkus' loader (ClassCastException on JmxReporter). Returns the previous one.
     */
    private static ClassLoader enter(Object target) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(target.getClass().getClassLoader());
        return previous;
    }

    /** A {@code type} implementation forwarding every call to {@code target}'s same-named type. */
    static <T> T proxy(Class<T> type, Object target) {
        Class<?> remoteType;
        try {
            remoteType = Class.forName(type.getName(), false, target.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return self == args[0];
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(self);
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return "shared " + target;
                    }
                    break;
                default:
                    break;
            }
            // the interface's method (not the implementation's) so non-public classes work
            Method remote = remoteType.getMethod(method.getName(), method.getParameterTypes());
            ClassLoader previous = enter(target);
            try {
                return remote.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw rethrow(e.getCause());
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        });
        return type.cast(proxy);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(cause);
    }
}
