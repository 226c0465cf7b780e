"""Reading a page in tests: its HTML and its messages."""


def body(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
