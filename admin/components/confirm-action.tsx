import React, { useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

const api = new ApiClient();

/**
 * The confirmation page of a record action without a form (e.g. revoking an API key): it says what
 * will happen, and the button performs it with a POST. AdminJS would otherwise call such an action
 * with a GET, and the back office performs nothing on a GET.
 */
const ConfirmAction: React.FC<ActionProps> = ({ action, resource, record }) => {
  const [busy, setBusy] = useState(false);
  const addNotice = useNotice();
  const navigate = useNavigate();
  const question = String(action.custom?.question ?? `${action.label}?`);

  const confirm = async () => {
    setBusy(true);
    const res = await api.recordAction({
      resourceId: resource.id,
      recordId: record?.id ?? '',
      actionName: action.name,
      method: 'post',
      data: {},
    });
    setBusy(false);
    const body = res.data as unknown as {
      notice?: { message: string; type: 'success' | 'error' | 'info' };
      redirectUrl?: string;
    };
    if (body.notice) addNotice(body.notice);
    if (body.redirectUrl) navigate(body.redirectUrl);
  };

  return (
    <Box variant="container" data-testid={`confirm-${action.name}`}>
      <Text mb="lg">{record?.title ?? ''}</Text>
      <MessageBox variant="danger" message={question} mb="lg" />
      <Button variant="contained" color="danger" disabled={busy} onClick={confirm} data-testid="confirm-submit">
        {String(action.custom?.confirmLabel ?? action.label)}
      </Button>
    </Box>
  );
};

export default ConfirmAction;
