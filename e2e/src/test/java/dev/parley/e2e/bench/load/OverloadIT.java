package dev.parley.e2e.bench.load;

import dev.parley.e2e.TestStacks;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load benchmark's overload run, short enough for every build: a gateway limited to 3 calls gets 5 sample calls
 * at once (250 ms apart). The 2 beyond the limit are refused at once and counted; the 3 admitted are served whole.
 */
class OverloadIT {
    private static final int LIMIT = 3;
    private static final int PLACED = 5;

    @Test
    void callsBeyondTheLimitAreRefusedAtOnceAndTheAdmittedOnesAreServedWhole() throws Exception {
        StackConfig config = TestStacks.config("overload")
                .withEnv(Service.GATEWAY, Map.of("PARLEY_CAPACITY_MAX_CALLS", Integer.toString(LIMIT)));
        try (LocalStack stack = TestStacks.start(config, "overload")) {
            LoadBenchmark bench = new LoadBenchmark(config.gatewayMediaUri(), config, new ServiceCpu(stack.pids()),
                    List.of("rms", "kal16"), 250);
            Round round = bench.round(PLACED, ScriptedCall.SAMPLE);
            System.out.println(Round.HEADER);
            System.out.println(round.row());

            assertEquals(LIMIT, round.admitted(), round.row());
            List<Long> refusals = round.refusalMs();
            assertEquals(PLACED - LIMIT, refusals.size(), round.row());
            assertTrue(Collections.max(refusals) <= 1000, "refused after " + refusals + " ms");
            assertEquals(PLACED - LIMIT, round.refusedCounted(), 0.0, "the gateway's refusal counter");
            assertEquals(LIMIT, round.passed(), "admitted calls whose checks failed: " + round.failures());
        }
    }
}
