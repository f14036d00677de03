package dev.parley.stt.session;

import dev.parley.contracts.stt.v1.RecognizeResponse;
import io.grpc.Status;

/** Where a session's answers go (the gRPC call). Called from one thread at a time, in order. */
public interface ResponseSink {

    void send(RecognizeResponse response);

    /** Ends the call normally. */
    void complete();

    /** Ends the call with an error status. */
    void fail(Status status);
}
