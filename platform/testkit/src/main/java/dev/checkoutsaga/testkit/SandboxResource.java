package dev.checkoutsaga.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the third-party sandbox (deploy/sandbox: payment provider + carrier) as its own process,
 * once per JVM, and points the services' REST clients at it. Needs the sandbox packaged first
 * (the reactor builds deploy/sandbox before the services).
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {
    /** A system property, so every class loader's copy of this class finds the one running sandbox. */
    static final String URL_PROPERTY = "checkout.sandbox.url";

    @Override
    public Map<String, String> start() {
        String url = url();
        return Map.of("quarkus.rest-client.payment-provider.url", url,
                "quarkus.rest-client.carrier.url", url);
    }

    /** The sandbox's base URL, starting it on first use. */
    public static String url() {
        synchronized (System.getProperties()) { // one lock for the whole JVM, whatever the class loader
            String url = System.getProperty(URL_PROPERTY);
            if (url == null) {
                QuarkusAppProcess sandbox = QuarkusAppProcess.start("deploy/sandbox", FreePorts.find(), Map.of());
                Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
                url = sandbox.baseUrl();
                System.setProperty(URL_PROPERTY, url);
            }
            return url;
        }
    }

    @Override
    public void stop() {
        // shared by all tests of the JVM; stopped by the shutdown hook
    }
}
