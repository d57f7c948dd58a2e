# Outside the subset: coroutines (async def, asyncio) are not threads.
import asyncio


async def hello():
    print("hello")


asyncio.run(hello())
