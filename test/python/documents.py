"""A Python program for test/python.engine.test.ts: an agent with a document read from a file next
to the program (a relative path), a function call, and a provider of its own."""

import pulumi
import pulumi_elevenlabs as elevenlabs


def program():
    support = elevenlabs.Agent(
        "support",
        name="Python Support",
        conversation_config={"agent": {"first_message": "Hello from Python!", "language": "en"}},
    )
    manual = elevenlabs.KnowledgeDocument(
        "manual", agent_id=support.agent_id, name="Manual", file_path="manual.md"
    )
    found = elevenlabs.get_agent_output(agent_id=support.agent_id)
    pulumi.export("agentId", support.agent_id)
    pulumi.export("documentId", manual.document_id)
    pulumi.export("foundName", found.name)
