/**
 * The persona switch in the header: who the playground acts as in the flows and screens. A
 * dropdown menu rather than a Select: the header is on the first screen, and antd's Menu is
 * already there while Select would add its virtual list to the first download.
 */
import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useT } from '../i18n/useT.js';
import { PERSONA_IDS, type PersonaId } from '../roles/personas.js';
import { usePersonaStore } from '../stores/persona.js';

export function RoleSwitch() {
  const { t } = useT();
  const persona = usePersonaStore((s) => s.persona);
  const setPersona = usePersonaStore((s) => s.setPersona);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [persona],
        items: PERSONA_IDS.map((id) => ({ key: id, label: <span data-testid={`role-option-${id}`}>{t(`role.${id}`)}</span> })),
        onClick: ({ key }) => setPersona(key as PersonaId),
      }}
    >
      <Button size="small" className="role-switch" data-testid="role-switch" aria-label={t('role.switch')} icon={<UserOutlined />}>
        <span className="role-switch-label">{t(`role.${persona}`)}</span> <DownOutlined />
      </Button>
    </Dropdown>
  );
}
