/** The lab's settings from .lab/openrc, and one Keystone token for the lab scripts that call its APIs directly. */

export const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source .lab/openrc first`);
  return value;
};

export async function token(): Promise<string> {
  const response = await fetch(`${env('OS_AUTH_URL')}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: env('OS_USERNAME'),
              password: env('OS_PASSWORD'),
              domain: { name: env('OS_USER_DOMAIN_NAME') },
            },
          },
        },
        scope: {
          project: { name: env('OS_PROJECT_NAME'), domain: { name: env('OS_PROJECT_DOMAIN_NAME') } },
        },
      },
    }),
  });
  const subject = response.headers.get('x-subject-token');
  if (!response.ok || !subject) throw new Error(`Keystone answered ${response.status}`);
  return subject;
}
