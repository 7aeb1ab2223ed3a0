package dev.checkoutsaga.steps;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pending-step worker (prefix {@code saga.steps}). */
@ConfigMapping(prefix = "saga.steps")
public interface StepsConfig {

    @WithDefault("true")
    boolean workerEnabled();

    /** How often the worker looks for due steps (the Quarkus scheduler's floor is one second). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Steps claimed per poll. */
    @WithDefault("50")
    int batchSize();

    /** A claimed step is invisible to other workers this long; a crashed worker's steps come back after it. */
    @WithDefault("60s")
    Duration lease();

    @WithDefault("1s")
    Duration retryInitialBackoff();

    @WithDefault("60s")
    Duration retryMaxBackoff();
}
