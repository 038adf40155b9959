"""Team work at the front desk (4.3.1, 2.1.2.2): callback attempts and their next try,
absences with a substitute, and the audit trail of callbacks and written submissions."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_article_review'),
        ('servicedesk', '0012_knowledge_editor_role'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='callback',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='attempts'),
        ),
        migrations.AddField(
            model_name='callback',
            name='last_attempt_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last attempt'),
        ),
        migrations.AddField(
            model_name='callback',
            name='next_try_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='try again at'),
        ),
        migrations.CreateModel(
            name='HistoricalAbsence',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='to')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('employee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='employee')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('substitute', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='substitute')),
            ],
            options={
                'verbose_name': 'historical absence',
                'verbose_name_plural': 'historical absences',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCallback',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('phone_number', models.CharField(max_length=20, verbose_name='phone number')),
                ('question', models.TextField(verbose_name='question')),
                ('due_at', models.DateTimeField(verbose_name='call back by')),
                ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='open', max_length=10, verbose_name='status')),
                ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='completed')),
                ('reminded_before_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('reminded_overdue_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last attempt')),
                ('next_try_at', models.DateTimeField(blank=True, null=True, verbose_name='try again at')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('client', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.client', verbose_name='client')),
                ('completion_contact', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.contact', verbose_name='call back contact')),
                ('contact', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.contact', verbose_name='contact')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'verbose_name': 'historical callback',
                'verbose_name_plural': 'historical callbacks',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalWrittenSubmission',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('register_number', models.CharField(db_index=True, max_length=40, verbose_name='register number')),
                ('received_on', models.DateField(verbose_name='received')),
                ('subject', models.CharField(max_length=300, verbose_name='subject')),
                ('reply_due', models.DateField(verbose_name='reply due')),
                ('forward_due', models.DateField(verbose_name='forward by')),
                ('extended', models.BooleanField(default=False, verbose_name='extended')),
                ('extension_reason', models.TextField(blank=True, verbose_name='reason for the extension')),
                ('extension_notice_at', models.DateTimeField(blank=True, null=True, verbose_name='submitter told of the extension')),
                ('status', models.CharField(choices=[('open', 'Being reviewed'), ('forwarded', 'Forwarded to the competent institution'), ('replied', 'Replied')], default='open', max_length=10, verbose_name='status')),
                ('reply', models.TextField(blank=True, verbose_name='reply')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                ('reminded_before_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('reminded_overdue_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('contact', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.contact', verbose_name='contact')),
                ('forwarded_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='servicedesk.competentinstitution', verbose_name='forwarded to')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='responsible employee')),
            ],
            options={
                'verbose_name': 'historical written submission',
                'verbose_name_plural': 'historical written submissions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Absence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='to')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='absences', to=settings.AUTH_USER_MODEL, verbose_name='employee')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('substitute', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='substitutions', to=settings.AUTH_USER_MODEL, verbose_name='substitute')),
            ],
            options={
                'verbose_name': 'absence',
                'verbose_name_plural': 'absences',
                'ordering': ['-starts_on', '-pk'],
                'indexes': [models.Index(fields=['employee', 'ends_on'], name='absence_employee')],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='absence_ends_after_start'), models.CheckConstraint(condition=models.Q(('substitute', models.F('employee')), _negated=True), name='absence_substitute_other')],
            },
        ),
    ]
