package dev.parley.dialogue.llm.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A streamed response's body, from the moment its headers arrive until it is read or closed. A cancel can come at any
 * moment, and whatever moment it comes the body is closed, which closes the connection. Two windows make this more
 * than cancelling the stream's subscription: the headers may arrive just as the request is cancelled (the exchange
 * can no longer be aborted, and the response never reaches the stream), and Mutiny's {@code Uni.transformToMulti}
 * does not cancel an inner subscription that arrives after its downstream cancelled (3.1.1). Either would leave a
 * body nobody reads on a connection the provider keeps writing to.
 */
final class ResponseBody implements HttpResponse.BodyHandler<Flow.Publisher<List<ByteBuffer>>> {

    private Flow.Publisher<List<ByteBuffer>> arrived;
    private Flow.Subscription reading;
    private boolean closed;

    @Override
    public HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> apply(HttpResponse.ResponseInfo info) {
        HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> body = HttpResponse.BodySubscribers.ofPublisher();
        body.getBody().thenAccept(this::arrived);
        return body;
    }

    /** The body to read, once; a subscriber that comes after {@link #close()} is cancelled at once. */
    Flow.Publisher<List<ByteBuffer>> take() {
        Flow.Publisher<List<ByteBuffer>> body;
        synchronized (this) {
            body = arrived;
            arrived = null;
        }
        if (body == null) {
            return subscriber -> subscriber.onError(new IllegalStateException("the response body is closed"));
        }
        return subscriber -> body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                boolean open;
                synchronized (ResponseBody.this) {
                    open = !closed;
                    reading = subscription;
                }
                subscriber.onSubscribe(subscription);
                if (!open) {
                    subscription.cancel();
                }
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    /** Closes the body now, or as soon as it arrives or is subscribed to. */
    void close() {
        Flow.Publisher<List<ByteBuffer>> unread;
        Flow.Subscription subscription;
        synchronized (this) {
            closed = true;
            unread = arrived;
            arrived = null;
            subscription = reading;
        }
        if (unread != null) {
            cancelAtOnce(unread);
        }
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void arrived(Flow.Publisher<List<ByteBuffer>> body) {
        boolean open;
        synchronized (this) {
            open = !closed;
            if (open) {
                arrived = body;
            }
        }
        if (!open) {
            cancelAtOnce(body);
        }
    }

    private static void cancelAtOnce(Flow.Publisher<List<ByteBuffer>> body) {
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
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
        });
    }
}
