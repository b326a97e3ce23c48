"""The FastAPI app behind `verticals serve`: OpenEnv's HTTP routes and WebSocket sessions.

Routes (OpenEnv's, plus a few a multi-env server needs):
- `GET /health`, `GET /metadata`, `GET /schema`: OpenEnv's; `/health` needs no token.
- `WS /ws`: a stateful session, one env, `reset`/`step`/`state`/`close` messages.
- `POST /reset`, `POST /step`, `GET /state`: the same over HTTP. OpenEnv's HTTP routes are
  stateless, which a text env cannot be (a step needs its episode), so `/reset` opens a
  session and returns its id in `metadata.session_id`; `/step` and `/state` take it.
- `POST /mcp` (and `{"type": "mcp"}` over `/ws`): OpenEnv's JSON-RPC face, `tools/list`
  and `tools/call` (a call is a step of the session; see `verticals.serve.mcp`).
- `POST /close`, `GET /envs`, `GET /capacity`: close an HTTP session; what is served; load.

Every refusal is JSON with a message and a code (`{"detail", "code"}` over HTTP, OpenEnv's
`{"type": "error", "data": {"message", "code"}}` over the WebSocket); never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.websockets import WebSocketDisconnect, WebSocketState

from verticals import __version__, registry
from verticals.serve import mcp
from verticals.serve.protocol import (
    EXECUTION_ERROR,
    IDLE_TIMEOUT,
    INTERNAL_ERROR,
    INVALID_JSON,
    PAYLOAD_TOO_LARGE,
    UNAUTHORIZED,
    UNKNOWN_TYPE,
    VALIDATION_ERROR,
    ChatAction,
    ResetData,
    ServeError,
    SessionState,
    StepData,
    TextObservation,
)
from verticals.serve.sessions import Limits, Session, SessionManager

log = logging.getLogger("verticals.serve")


def _validation_error(exc: ValidationError) -> ServeError:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'payload'}: {e['msg']}" for e in exc.errors()
    )
    return ServeError(VALIDATION_ERROR, f"invalid payload: {problems}"[:2000], 422)


def _parse(model: type[BaseModel], data: Any) -> Any:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ServeError(VALIDATION_ERROR, "invalid payload: expected a JSON object", 422)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc) from None


def _loads(raw: str | bytes, limit: int) -> Any:
    if len(raw) > limit:
        raise ServeError(
            PAYLOAD_TOO_LARGE, f"payload of {len(raw)} bytes is over the limit of {limit}", 413
        )
    try:
        return json.loads(raw) if raw else {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ServeError(INVALID_JSON, f"invalid JSON: {exc}", 400) from None


async def _read_body(request: Request, limit: int) -> Any:
    """The request's JSON body, read no further than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ServeError(
            PAYLOAD_TOO_LARGE, f"payload of {declared} bytes is over the limit of {limit}", 413
        )
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise ServeError(PAYLOAD_TOO_LARGE, f"payload is over the limit of {limit} bytes", 413)
    return _loads(bytes(body), limit)


def _error_json(exc: ServeError) -> JSONResponse:
    return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=exc.http_status)


def _unexpected(exc: Exception) -> ServeError:
    """A bug of ours: logged in full here, named only by its type to the client."""
    log.error("request failed", exc_info=exc)
    return ServeError(
        EXECUTION_ERROR, f"the env failed ({type(exc).__name__}); see the server log", 500
    )


def create_app(pattern: str | None = None, limits: Limits | None = None,
               token: str | None = None) -> FastAPI:
    """The server for every registered env matching `pattern` (all when None)."""
    env_ids = registry.registered(pattern)
    if not env_ids:
        raise ServeError("UNKNOWN_ENV", f"no env id matches '{pattern}'", 404)
    limits = limits or Limits()
    manager = SessionManager(env_ids, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async def reap() -> None:
            while True:
                await asyncio.sleep(max(0.05, min(5.0, limits.idle_timeout_s / 4)))
                manager.reap_idle("http")  # WebSocket sessions time themselves out

        reaper = asyncio.create_task(reap())
        try:
            yield
        finally:
            reaper.cancel()
            manager.close_all()

    app = FastAPI(title="verticals", version=__version__, lifespan=lifespan)
    app.state.manager = manager
    app.state.limits = limits

    def authorize(headers: Any) -> None:
        if token is None:
            return
        given = headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.encode(), token.encode()):
            raise ServeError(UNAUTHORIZED, "missing or wrong bearer token", 401)

    @app.exception_handler(ServeError)
    async def on_serve_error(request: Request, exc: ServeError) -> JSONResponse:
        return _error_json(exc)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error_json(ServeError(VALIDATION_ERROR, f"invalid request: {exc.errors()}", 422))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail), "code": "HTTP_ERROR"},
                            status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def on_any(request: Request, exc: Exception) -> JSONResponse:
        log.error("request failed", exc_info=exc)
        return _error_json(ServeError(INTERNAL_ERROR, "internal error; see server log", 500))

    # --- what is served ---------------------------------------------------------------

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "healthy"}

    @app.get("/metadata")
    async def metadata(request: Request, env_id: str | None = None) -> dict[str, Any]:
        authorize(request.headers)
        if env_id is not None or len(env_ids) == 1:
            chosen = manager.choose_env(env_id)
            entry = registry.spec(chosen)
            name, description = chosen, entry.description
        else:
            name = "verticals"
            description = f"{len(env_ids)} verticals envs; GET /envs lists them."
        return {"name": name, "description": description, "readme_content": None,
                "version": __version__, "author": None, "documentation_url": None}

    @app.get("/schema")
    async def schema(request: Request) -> dict[str, Any]:
        authorize(request.headers)
        observation = TextObservation.model_json_schema()
        return {"action": ChatAction.model_json_schema(), "observation": observation,
                "state": SessionState.model_json_schema(), "reset_observation": observation}

    @app.get("/envs")
    async def envs(request: Request) -> list[dict[str, Any]]:
        authorize(request.headers)
        rows = []
        for env_id in env_ids:
            entry = registry.spec(env_id)
            rows.append({"id": env_id, "description": entry.description,
                         "tags": list(entry.tags), "config_schema": registry.config_schema(env_id)})
        return rows

    @app.get("/capacity")
    async def capacity(request: Request) -> dict[str, Any]:
        authorize(request.headers)
        kinds = [s.kind for s in manager.sessions.values()]
        return {"active_sessions": len(kinds), "max_sessions": limits.max_sessions,
                "websocket_sessions": kinds.count("ws"), "http_sessions": kinds.count("http")}

    # --- HTTP sessions ----------------------------------------------------------------

    @app.post("/reset")
    async def reset(request: Request) -> dict[str, Any]:
        authorize(request.headers)
        data = _parse(ResetData, await _read_body(request, limits.max_payload_bytes))
        env_id = manager.choose_env(data.env_id)
        if data.session_id:
            session = manager.get(data.session_id)
            return await _guarded(session, session.reset(env_id, data, limits.request_timeout_s))
        session = manager.open("http")
        try:
            return await _guarded(session, session.reset(env_id, data, limits.request_timeout_s))
        except Exception:
            manager.close(session)  # a session whose first reset failed holds no slot
            raise

    @app.post("/step")
    async def step(request: Request) -> dict[str, Any]:
        authorize(request.headers)
        data = _parse(StepData, await _read_body(request, limits.max_payload_bytes))
        session = manager.get(data.session_id)
        timeout = min(limits.request_timeout_s, data.timeout_s or limits.request_timeout_s)
        return await _guarded(session, session.step(data.action.to_env(), timeout))

    @app.get("/state")
    async def state(request: Request, session_id: str | None = None) -> dict[str, Any]:
        authorize(request.headers)
        session = manager.get(session_id)
        session.touch()
        return session.state()

    tools_cache: dict[str, list[dict[str, Any]]] = {}

    @app.post("/mcp")
    async def mcp_route(request: Request) -> dict[str, Any]:
        authorize(request.headers)
        try:
            body = await _read_body(request, limits.max_payload_bytes)
        except ServeError as exc:
            return {"jsonrpc": "2.0", "id": None,
                    "error": {"code": mcp.INVALID_REQUEST, "message": exc.message}}

        async def step_http(session_id: str | None, action: dict[str, Any]) -> dict[str, Any]:
            session = manager.get(session_id)
            return await _guarded(session, session.step(
                _parse(ChatAction, action).to_env(), limits.request_timeout_s))

        return await mcp.handle(body, choose_env=manager.choose_env, step=step_http,
                                tools_cache=tools_cache)

    @app.post("/close")
    async def close(request: Request) -> dict[str, Any]:
        authorize(request.headers)
        body = await _read_body(request, limits.max_payload_bytes)
        session_id = body.get("session_id") if isinstance(body, dict) else None
        manager.close(manager.get(session_id))
        return {"closed": session_id}

    async def _guarded(session: Session, work: Any) -> dict[str, Any]:
        """One request at a time per session; a timed-out session leaves the manager."""
        async with session.lock:
            session.touch()
            try:
                return await work
            except ServeError:
                if session.closed:
                    manager.close(session)
                raise
            except Exception as exc:
                raise _unexpected(exc) from None
            finally:
                session.touch()

    # --- WebSocket sessions -----------------------------------------------------------

    @app.websocket("/ws")
    async def websocket_session(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            authorize(websocket.headers)
            session = manager.open("ws")
        except ServeError as exc:
            await _send_error(websocket, exc)
            await _close(websocket, 1008 if exc.code == UNAUTHORIZED else 1013)
            return
        try:
            while True:
                try:
                    message = await asyncio.wait_for(websocket.receive(),
                                                     limits.idle_timeout_s)
                except TimeoutError:
                    await _send_error(websocket, ServeError(
                        IDLE_TIMEOUT, f"session closed after {limits.idle_timeout_s:g}s idle"))
                    break
                if message["type"] == "websocket.disconnect":
                    break
                raw = message.get("text")
                if raw is None:
                    raw = message.get("bytes") or b""
                reply = await _handle(session, raw)
                if reply is None or session.closed:  # a close message, or a timed-out step
                    if reply is not None:
                        await websocket.send_text(json.dumps(reply))
                    break
                await websocket.send_text(json.dumps(reply))
        except (WebSocketDisconnect, RuntimeError):
            pass  # the client left; its env is closed below
        finally:
            manager.close(session)
            await _close(websocket, 1000)

    async def _handle(session: Session, raw: str | bytes) -> dict[str, Any] | None:
        session.touch()
        try:
            message = _loads(raw, limits.max_payload_bytes)
            if not isinstance(message, dict):
                raise ServeError(VALIDATION_ERROR, "a message is a JSON object {type, data}", 422)
            kind = message.get("type")
            unknown = sorted(set(message) - {"type", "data"})
            if unknown:
                raise ServeError(VALIDATION_ERROR, f"unknown message keys: {unknown}", 422)
            data = message.get("data")
            if kind == "reset":
                reset_data = _parse(ResetData, data)
                env_id = manager.choose_env(reset_data.env_id)
                payload = await _guarded(
                    session, session.reset(env_id, reset_data, limits.request_timeout_s))
                return {"type": "observation", "data": payload}
            if kind == "step":
                action = _parse(ChatAction, data)
                payload = await _guarded(
                    session, session.step(action.to_env(), limits.request_timeout_s))
                return {"type": "observation", "data": payload}
            if kind == "state":
                return {"type": "state", "data": session.state()}
            if kind == "close":
                return None
            if kind == "mcp":
                async def step_ws(_: str | None, action: dict[str, Any]) -> dict[str, Any]:
                    return await _guarded(session, session.step(
                        _parse(ChatAction, action).to_env(), limits.request_timeout_s))

                reply = await mcp.handle(data, choose_env=manager.choose_env, step=step_ws,
                                         tools_cache=tools_cache)
                return {"type": "mcp", "data": reply}
            raise ServeError(UNKNOWN_TYPE, f"unknown message type: {kind!r} "
                             "(reset, step, state, close, mcp)", 400)
        except ServeError as exc:
            return {"type": "error", "data": exc.payload()}
        except Exception as exc:
            return {"type": "error", "data": _unexpected(exc).payload()}

    return app


async def _send_error(websocket: WebSocket, exc: ServeError) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_text(json.dumps({"type": "error", "data": exc.payload()}))


async def _close(websocket: WebSocket, code: int) -> None:
    if websocket.application_state != WebSocketState.DISCONNECTED:
        with contextlib.suppress(Exception):
            await websocket.close(code)
