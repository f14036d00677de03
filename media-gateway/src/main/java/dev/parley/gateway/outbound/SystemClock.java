package dev.parley.gateway.outbound;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The clock outbound calling hours and rate limits read: the system's, unless a test supplies its own. */
@Singleton
class SystemClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
