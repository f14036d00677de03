package dev.parley.events;

import dev.parley.contracts.events.CallEvent;
import io.opentelemetry.context.Context;

/** An event handed to the publisher, with the trace context current at that moment (encoded later, off the caller). */
record PublishedEvent(CallEvent event, Context trace) {
}
