from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.serializers import TokenRequestSerializer, TokenSerializer
from tanacs.api.views.base import ApiView, errors
from tanacs.core.errors import InvalidInput
from tanacs.core.signin import check_sign_in_allowed


class TokenView(ApiView):
    """Exchange a login name and password for a token for the ``Authorization`` header."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **errors(400, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        body = self.body(TokenRequestSerializer)
        check_sign_in_allowed(request._request, body["username"])
        user = authenticate(request, username=body["username"], password=body["password"])
        if user is None or not user.is_active:
            raise InvalidInput("The login name or password is not right.", field="password")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "username": user.get_username()})
