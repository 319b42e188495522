"""The conformance stack in Python (test/conformance.engine.test.ts): the same agent, tool, document
and phone number as Pulumi.yaml beside it and the TypeScript program in the test, written as a
Python user would with the generated SDK (sdk/python)."""

import pulumi
import pulumi_elevenlabs as elevenlabs


def program():
    config = pulumi.Config()
    # A union's member (here the webhook tool's configuration) is given by its Args class, which
    # knows its property names; plain dicts serve everywhere else.
    lookup = elevenlabs.Tool(
        "lookup",
        tool_config=elevenlabs.ToolWebhookArgs(
            type="webhook",
            name="lookup_order",
            description="Looks up an order by its number.",
            api_schema=elevenlabs.ToolWebhookApiSchemaArgs(
                url="https://crm.example.com/orders/{order_id}",
                method="GET",
                path_params_schema={"order_id": {"type": "string", "description": "The order number"}},
                request_headers={"X-Api-Key": "crm-key-do-not-leak-4d5e6f"},
            ),
        ),
    )
    support = elevenlabs.Agent(
        "support",
        name="Support Assistant",
        tags=["support"],
        conversation_config={
            "agent": {
                "first_message": "Hi! How can I help?",
                "language": "en",
                "prompt": {"prompt": "You help customers with their orders.", "tool_ids": [lookup.tool_id]},
            },
        },
    )
    faq = elevenlabs.KnowledgeDocument(
        "faq", agent_id=support.agent_id, name="FAQ", url="https://docs.example.com/faq"
    )
    line = elevenlabs.PhoneNumber(
        "line",
        provider="twilio",
        phone_number="+14155550100",
        label="Support Line",
        twilio_config={"account_sid": "AC0123456789", "auth_token": config.require_secret("twilioAuthToken")},
        agent_id=support.agent_id,
    )
    pulumi.export("agentId", support.agent_id)
    pulumi.export("toolId", lookup.tool_id)
    pulumi.export("documentId", faq.document_id)
    pulumi.export("phoneNumberId", line.phone_number_id)
