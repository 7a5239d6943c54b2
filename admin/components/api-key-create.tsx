import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Select, Text } from '@adminjs/design-system';

type Option = { value: string; label: string };
const api = new ApiClient();

/** Creates an API key and shows it once, with a reminder that it cannot be shown again. */
const ApiKeyCreate: React.FC<ActionProps> = ({ action, resource }) => {
  const [owners, setOwners] = useState<Option[]>([]);
  const [owner, setOwner] = useState<Option | null>(null);
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const addNotice = useNotice();

  useEffect(() => {
    void api
      .resourceAction({ resourceId: resource.id, actionName: action.name })
      .then((res) => setOwners((res.data as unknown as { owners: Option[] }).owners ?? []));
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const data = { name, userId: owner?.value ?? '', scopes: readOnly ? 'tickets:read' : 'tickets:read,tickets:write' };
    const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, method: 'post', data });
    const body = res.data as unknown as { key?: string; notice?: { message: string; type: 'success' | 'error' } };
    if (body.notice) addNotice(body.notice);
    if (body.key) setKey(body.key);
  };

  if (key) {
    return (
      <Box variant="container">
        <MessageBox
          variant="warning"
          message="Copy this key now: it is stored only as a hash and will not be shown again."
          mb="lg"
        />
        <Text
          as="pre"
          data-testid="api-key-once"
          style={{ userSelect: 'all', fontFamily: 'monospace', padding: 12, background: '#f4f6f8' }}
        >
          {key}
        </Text>
      </Box>
    );
  }
  return (
    <Box as="form" onSubmit={submit} variant="container">
      <FormGroup>
        <Label htmlFor="key-name">Name (what the key is for)</Label>
        <Input
          id="key-name"
          width="100%"
          value={name}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)}
        />
      </FormGroup>
      <FormGroup>
        <Label htmlFor="key-owner">Acts as</Label>
        <Select inputId="key-owner" options={owners} value={owner} onChange={(o: Option | null) => setOwner(o)} />
      </FormGroup>
      <FormGroup>
        <Label>
          <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> Read-only
          (tickets:read only)
        </Label>
      </FormGroup>
      <Button type="submit" variant="contained">
        Create key
      </Button>
    </Box>
  );
};

export default ApiKeyCreate;
