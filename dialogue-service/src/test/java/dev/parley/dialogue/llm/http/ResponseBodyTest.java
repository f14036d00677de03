package dev.parley.dialogue.llm.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancel closes the body whenever it comes; the JDK's body subscriber is fed by hand, standing in for a connection
 * (closing the body cancels its connection-side subscription, which is how the JDK closes the connection).
 */
class ResponseBodyTest {

    static final HttpResponse.ResponseInfo OK = new HttpResponse.ResponseInfo() {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (name, value) -> true);
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    };

    /** The connection's side of the body. */
    static final class Connection implements Flow.Subscription {
        boolean cancelled;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    static final class Reader implements Flow.Subscriber<List<ByteBuffer>> {
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }

    final ResponseBody body = new ResponseBody();
    final Connection connection = new Connection();

    void headersArrive() {
        body.apply(OK).onSubscribe(connection);
    }

    @Test
    void headersThatArriveAfterTheCancelAreClosedAtOnce() {
        body.close();
        headersArrive();
        assertTrue(connection.cancelled);
    }

    @Test
    void aBodyNobodyHasReadYetIsClosedByTheCancel() {
        headersArrive();
        body.close();
        assertTrue(connection.cancelled);
    }

    @Test
    void aReaderThatSubscribesAfterTheCancelFindsTheBodyClosed() {
        headersArrive();
        Flow.Publisher<List<ByteBuffer>> taken = body.take();
        body.close();
        taken.subscribe(new Reader());
        assertTrue(connection.cancelled);
    }

    @Test
    void aReadingBodyIsClosedByTheCancelAndLeftAloneOtherwise() {
        headersArrive();
        body.take().subscribe(new Reader());
        assertFalse(connection.cancelled);
        body.close();
        assertTrue(connection.cancelled);
    }
}
