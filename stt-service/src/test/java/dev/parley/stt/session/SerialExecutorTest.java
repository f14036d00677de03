package dev.parley.stt.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void manyStreamsOnFewThreads_eachRunsInOrderAndNeverConcurrently() throws InterruptedException {
        int streams = 20;
        int tasks = 300;
        List<List<Integer>> seen = new ArrayList<>();
        List<AtomicBoolean> busy = new ArrayList<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(streams * tasks);
        List<SerialExecutor> executors = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            seen.add(new ArrayList<>());
            busy.add(new AtomicBoolean());
            executors.add(new SerialExecutor(pool, Integer.MAX_VALUE));
        }
        for (int t = 0; t < tasks; t++) {
            for (int s = 0; s < streams; s++) {
                int stream = s;
                int task = t;
                executors.get(s).execute(() -> {
                    if (!busy.get(stream).compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    seen.get(stream).add(task);
                    busy.get(stream).set(false);
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        for (List<Integer> order : seen) {
            assertEquals(tasks, order.size());
            for (int i = 0; i < tasks; i++) {
                assertEquals(i, order.get(i));
            }
        }
    }

    @Test
    void dataTasksAreBounded_controlTasksAlwaysAccepted() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool, 3);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<String> ran = new ArrayList<>();
        serial.execute(() -> {
            started.countDown();
            awaitQuietly(release);
            ran.add("first");
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            int n = i;
            serial.execute(() -> ran.add("data" + n));
        }
        assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> ran.add("too many")));
        CountDownLatch finished = new CountDownLatch(1);
        serial.executeControl(() -> {
            ran.add("cancel");
            finished.countDown();
        });
        release.countDown();
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "data0", "data1", "data2", "cancel"), ran);
        assertFalse(ran.contains("too many"));
    }

    @Test
    void aFailingTask_doesNotStopTheStream() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool, 10);
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(() -> {
            throw new IllegalStateException("engine exploded");
        });
        serial.execute(after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
