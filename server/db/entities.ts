import { AuditEntity } from '../modules/audit/audit.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { ChangeLogEntity } from '../modules/changes/change-log.entity';
import { ContactEntity } from '../modules/contacts/contact.entity';
import {
  CustomerCollaboratorEntity,
  CustomerEntity,
  CustomerTagEntity,
  OwnerHistoryEntity,
} from '../modules/customers/customer.entity';
import { FollowUpEntity } from '../modules/followups/followup.entity';
import { ImportJobEntity, ImportJobBatchEntity } from '../modules/imports/import-job.entity';
import { MappingTemplateEntity } from '../modules/imports/mapping-template.entity';
import { NotificationEntity } from '../modules/notifications/notification.entity';
import { DepartmentEntity } from '../modules/org/department.entity';
import { RoleEntity } from '../modules/org/role.entity';
import { UserEntity, UserRoleEntity } from '../modules/org/user.entity';
import { SettingEntity } from '../modules/settings/setting.entity';
import { SyncMutationEntity } from '../modules/sync/sync-mutation.entity';

export const ENTITIES = [
  DepartmentEntity,
  RoleEntity,
  UserEntity,
  UserRoleEntity,
  SessionEntity,
  AuditEntity,
  CustomerEntity,
  CustomerTagEntity,
  CustomerCollaboratorEntity,
  OwnerHistoryEntity,
  ContactEntity,
  FollowUpEntity,
  ChangeLogEntity,
  SettingEntity,
  NotificationEntity,
  SyncMutationEntity,
  ImportJobEntity,
  ImportJobBatchEntity,
  MappingTemplateEntity,
];
