import { translateOr } from '../../i18n/labels';

export const notificationKindLabel = (kind: string) => translateOr(`notifications.kinds.${kind}`, kind);
