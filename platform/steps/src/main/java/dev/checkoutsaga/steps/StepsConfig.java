package dev.checkoutsaga.steps;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pending-step worker (prefix {@code saga.steps}). */
@ConfigMapping(prefix = "saga.steps")
public interface StepsConfig {

    @WithDefault("true")
    boolean workerEnabled();

    /** How often the worker looks for due steps. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Steps claimed per poll. */
    @WithDefault("20")
    int batchSize();

    /** A claimed step is invisible to other workers this long; a crashed worker's steps come back after it. */
    @WithDefault("60s")
    Duration lease();

    @WithDefault("1s")
    Duration retryInitialBackoff();

    @WithDefault("60s")
    Duration retryMaxBackoff();
}
