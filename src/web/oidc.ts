// OpenID Connect single sign-on (Microsoft Entra ID, Google Workspace, any standard provider).
// Accounts are provisioned by an administrator with a role; the identity provider only proves who
// the person is. The first sign-in links the provider's subject to the account by e-mail.
import * as client from 'openid-client';
import type { Config } from '../config.js';

export interface OidcClient {
  label: string;
  issuerOrigin: string;
  start(): Promise<{ url: string; state: string; nonce: string; verifier: string }>;
  finish(callbackUrl: URL, expected: { state: string; nonce: string; verifier: string }): Promise<{ subject: string; email: string | null }>;
}

export async function createOidcClient(cfg: NonNullable<Config['oidc']>, allowInsecureHttp: boolean): Promise<OidcClient> {
  const options = allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : undefined;
  const configuration = await client.discovery(new URL(cfg.issuer), cfg.clientId, cfg.clientSecret, undefined, options);
  return {
    label: cfg.label,
    issuerOrigin: new URL(cfg.issuer).origin,
    async start() {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: cfg.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, nonce, verifier };
    },
    async finish(callbackUrl, expected) {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: expected.verifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the identity provider returned no ID token');
      let email = emailFrom(claims);
      // Providers that follow the spec strictly put e-mail in the userinfo response, not the ID token.
      if (!email) email = emailFrom(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub));
      return { subject: claims.sub, email };
    },
  };
}

/** Entra ID often carries the address as preferred_username rather than email. */
function emailFrom(claims: Record<string, unknown>): string | null {
  for (const key of ['email', 'preferred_username', 'upn']) {
    const v = claims[key];
    if (typeof v === 'string' && /^[^@\s]+@[^@\s]+$/.test(v)) return v;
  }
  return null;
}
