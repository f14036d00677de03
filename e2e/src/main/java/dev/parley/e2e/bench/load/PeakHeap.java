package dev.parley.e2e.bench.load;

import dev.parley.e2e.stack.Metrics;

import java.net.URI;

/**
 * The gateway's heap after GC once all N calls of a round are live (its {@code parley_gateway_calls_active} gauge
 * reaches N): taken once, as the last call is greeted; the forced full GC (tens of ms on this small heap) may delay a
 * reply of an earlier call that is in flight at that moment.
 */
final class PeakHeap {
    private final Thread watcher;
    private volatile long bytes = -1;

    private PeakHeap(URI gatewayHttp, GatewayHeap heap, int calls) {
        watcher = new Thread(() -> {
            try {
                while (Metrics.sum(gatewayHttp, "parley_gateway_calls_active") < calls) {
                    Thread.sleep(100);
                }
                bytes = heap.afterGcBytes();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("peak heap not measured: " + e);
            }
        }, "peak-heap");
        watcher.setDaemon(true);
    }

    static PeakHeap watch(URI gatewayHttp, GatewayHeap heap, int calls) {
        PeakHeap peak = new PeakHeap(gatewayHttp, heap, calls);
        peak.watcher.start();
        return peak;
    }

    void stop() throws InterruptedException {
        watcher.interrupt();
        watcher.join(30_000);
    }

    /** Heap after GC with all calls live; -1 if they never were all live at once (some refused or failed). */
    long bytes() {
        return bytes;
    }
}
