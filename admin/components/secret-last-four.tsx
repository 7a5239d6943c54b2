import React from 'react';
import type { BasePropertyProps } from 'adminjs';

/** Shows a stored secret only as its last four characters. */
const SecretLastFour: React.FC<BasePropertyProps> = ({ record }) => {
  const last4 = record?.params.secret_last4 as string | undefined;
  return <span data-testid="secret-last4">{last4 ? `•••• ${last4}` : 'not set'}</span>;
};

export default SecretLastFour;
