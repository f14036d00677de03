package dev.parley.gateway.transport.sip.register;

import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/** The running SIP stack as a registration needs it: where to send from, how to build messages, and who we are. */
public record SipEndpoint(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                          AddressFactory addresses, ContactHeader contact, String host, int port) {
}
