<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AppealDialog</name>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="90"/>
        <source>登记申诉</source>
        <translation>Register appeal</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="95"/>
        <source>告警编号</source>
        <translation>Alarm no.</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="96"/>
        <source>申诉人</source>
        <translation>Appellant</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="97"/>
        <source>单位及签署人</source>
        <translation>Unit and signatory</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="98"/>
        <source>申诉理由</source>
        <translation>Grounds</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="98"/>
        <source>为何认为告警有误</source>
        <translation>Why the alarm is wrong</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="99"/>
        <source>证据材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="99"/>
        <source>每行一项：文号、附件名称…</source>
        <translation>One per line: document no., attachment…</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="104"/>
        <source>请填写申诉人</source>
        <translation>Enter the appellant</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="106"/>
        <source>请填写申诉理由</source>
        <translation>Enter the grounds</translation>
    </message>
</context>
<context>
    <name>AppealsTab</name>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="17"/>
        <source>登记纸质申诉…</source>
        <translation>Register paper appeal…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="18"/>
        <source>审查…</source>
        <translation>Review…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="19"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="56"/>
        <source>审查期限</source>
        <translation>Review due</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="57"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="58"/>
        <source>被申诉告警</source>
        <translation>Alarm appealed</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="59"/>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="60"/>
        <source>申诉单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="61"/>
        <source>来源</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="62"/>
        <source>申诉时间</source>
        <translation>Filed</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="63"/>
        <source>结论</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="64"/>
        <source>到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="70"/>
        <source>申诉 {n} 件：待审查 {f} 件（红灯 {r}），成立 {u} 件，驳回 {j} 件</source>
        <translation>{n} appeals: {f} awaiting review ({r} red), {u} upheld, {j} rejected</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="81"/>
        <source>选择一件申诉查看理由与证据</source>
        <translation>Select an appeal to see its grounds and evidence</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="84"/>
        <source>申诉人：{v}（{ch}，登记 {who}）</source>
        <translation>Appellant: {v} ({ch}, registered by {who})</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="85"/>
        <source>理由：{v}</source>
        <translation>Grounds: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="86"/>
        <source>证据：{v}</source>
        <translation>Evidence: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="90"/>
        <source>审查：{s}（{who}，{at}）{v}</source>
        <translation>Review: {s} ({who}, {at}) {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="99"/>
        <source>选择一件待审查的申诉</source>
        <translation>Select an appeal awaiting review</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="104"/>
        <source>已登记申诉</source>
        <translation>Appeal registered</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="111"/>
        <source>申诉 #{id} · {unit} · 告警 #{alarm} {msg}</source>
        <translation>Appeal #{id} · {unit} · alarm #{alarm} {msg}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="119"/>
        <source>申诉 #{id} 已审查</source>
        <translation>Appeal #{id} decided</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/appeals.py" line="96"/>
        <source>更正办件时间：{v}</source>
        <translation>Case times corrected: {v}</translation>
    </message>
</context>
<context>
    <name>DecideAppealDialog</name>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="115"/>
        <source>审查申诉</source>
        <translation>Review appeal</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="115"/>
        <source>提交审查结论</source>
        <translation>Submit decision</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="116"/>
        <source>申诉理由</source>
        <translation>Grounds</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="117"/>
        <source>证据材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="118"/>
        <source>申诉成立，撤销告警</source>
        <translation>Upheld: cancel the alarm</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="118"/>
        <source>驳回，告警成立</source>
        <translation>Rejected: the alarm stands</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="120"/>
        <source>审查结论</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="121"/>
        <source>审查意见</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="121"/>
        <source>核实情况与理由</source>
        <translation>What was checked and why</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="126"/>
        <source>请填写审查意见</source>
        <translation>Enter the reasons</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="134"/>
        <source>更正办件时间</source>
        <translation>Correct the case's times</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="136"/>
        <source>不更正</source>
        <translation>No correction</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="137"/>
        <source>补正期间（补录或更正起止）</source>
        <translation>Supplement period (add it or correct its start and end)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="138"/>
        <source>受理时间</source>
        <translation>Acceptance time</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="139"/>
        <source>办结时间</source>
        <translation>Completion time</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="142"/>
        <source>更正为 / 起</source>
        <translation>Correct to / from</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="143"/>
        <source>止</source>
        <translation>Until</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="144"/>
        <source>止沿用原记录（补正告知补录较晚时）</source>
        <translation>Keep the recorded end (when the supplement notice was entered late)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="168"/>
        <source>补正期间的止早于起</source>
        <translation>The supplement period ends before it starts</translation>
    </message>
</context>
<context>
    <name>EscalationDialog</name>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="49"/>
        <source>立案督办</source>
        <translation>Open escalation</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="49"/>
        <source>下达督办</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="55"/>
        <source>督办对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="60"/>
        <source>对象编号</source>
        <translation>Subject no.</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="64"/>
        <source>督办级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="65"/>
        <source>办理期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="67"/>
        <source>督办事由</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="67"/>
        <source>发现的问题</source>
        <translation>What was found</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="68"/>
        <source>督办要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="68"/>
        <source>单位须在期限内完成的事项</source>
        <translation>What the unit must do by the deadline</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="73"/>
        <source>请填写督办事由</source>
        <translation>Enter the finding</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="75"/>
        <source>请填写督办要求</source>
        <translation>Enter the requirement</translation>
    </message>
</context>
<context>
    <name>EscalationsTab</name>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="26"/>
        <source>立案督办…</source>
        <extracomment>a 督办通知书 was written (its path)</extracomment>
        <translation>Open escalation…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="27"/>
        <source>登记单位答复…</source>
        <translation>Record unit's answer…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="28"/>
        <source>核实…</source>
        <translation>Verify…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="29"/>
        <source>升级…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="30"/>
        <source>撤销…</source>
        <translation>Cancel…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="31"/>
        <source>督办通知书…</source>
        <translation>Escalation notice…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="32"/>
        <source>督办阶梯…</source>
        <translation>Ladder…</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="33"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="51"/>
        <source>逾期未答复</source>
        <translation>Overdue, no answer</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="63"/>
        <source>{n} 个工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="66"/>
        <source>自动</source>
        <translation>automatic</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="71"/>
        <source>倒计时</source>
        <translation>Countdown</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="72"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="73"/>
        <source>通知书编号</source>
        <translation>Notice no.</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="74"/>
        <source>被督办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="75"/>
        <source>督办对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="76"/>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="77"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="78"/>
        <source>到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="79"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="80"/>
        <source>立案</source>
        <translation>Opened by</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="87"/>
        <source>督办 {n} 件：在办 {o} 件（红牌 {r}，黄牌 {y}），逾期 {late} 件</source>
        <translation>{n} escalations: {o} open ({r} red card, {y} yellow card), {late} overdue</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="98"/>
        <source>选择一件督办查看事由与经过</source>
        <translation>Select an escalation to see its finding and history</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="101"/>
        <source>事由：{v}</source>
        <translation>Finding: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="102"/>
        <source>要求：{v}</source>
        <translation>Requirement: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="105"/>
        <source>单位答复：{v}</source>
        <translation>Unit's answer: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="107"/>
        <source>，期限 {d}</source>
        <translation>, due {d}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="118"/>
        <source>选择一件待答复的督办</source>
        <translation>Select an escalation waiting for an answer</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="124"/>
        <source>选择一件已答复待核实的督办</source>
        <translation>Select an answered escalation to verify</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="130"/>
        <source>选择一件未到红牌的在办督办</source>
        <translation>Select an open escalation below red card</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="132"/>
        <source>选择一件在办督办</source>
        <translation>Select an open escalation</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="133"/>
        <source>选择一件督办</source>
        <translation>Select an escalation</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="137"/>
        <source>{no} · {level} · {unit} · 到期 {due}</source>
        <translation>{no} · {level} · {unit} · due {due}</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="153"/>
        <source>已立案督办</source>
        <translation>Escalation opened</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="161"/>
        <source>登记单位答复</source>
        <translation>Record unit's answer</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="161"/>
        <source>办理情况</source>
        <translation>What was done</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="161"/>
        <source>登记答复</source>
        <translation>Record answer</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="167"/>
        <source>已登记 {no} 的答复</source>
        <translation>Answer to {no} recorded</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="175"/>
        <source>核实督办答复</source>
        <translation>Verify the answer</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="180"/>
        <source>{no} 已核实</source>
        <translation>{no} verified</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="187"/>
        <source>升级督办</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="187"/>
        <source>升级理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="187"/>
        <source>升级</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="192"/>
        <source>{no} 已升级</source>
        <translation>{no} escalated</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="199"/>
        <source>撤销督办</source>
        <translation>Cancel escalation</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="199"/>
        <source>撤销理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="204"/>
        <source>{no} 已撤销</source>
        <translation>{no} cancelled</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="213"/>
        <source>督办阶梯已保存</source>
        <translation>Ladder saved</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="222"/>
        <source>导出督办通知书</source>
        <translation>Export escalation notice</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="222"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../console/views/supervision/escalations.py" line="234"/>
        <source>督办通知书已导出：{p}</source>
        <translation>Escalation notice written: {p}</translation>
    </message>
</context>
<context>
    <name>LadderDialog</name>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="134"/>
        <source>督办阶梯设置</source>
        <translation>Escalation ladder</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="134"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="136"/>
        <source>逾期自动升级</source>
        <translation>Automatic escalation</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="136"/>
        <source>期限届满未答复的督办自动升一级</source>
        <translation>Unanswered past the deadline: one level up by itself</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="138"/>
        <source>整改逾期</source>
        <translation>Overdue rectification</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="138"/>
        <source>整改逾期自动立案预警提醒</source>
        <translation>An overdue rectification opens a reminder by itself</translation>
    </message>
    <message>
        <location filename="../../console/widgets/escalation_dialogs.py" line="140"/>
        <source>申诉审查期限</source>
        <translation>Appeal review deadline</translation>
    </message>
</context>
<context>
    <name>LightGrid</name>
    <message>
        <source>黄牌督办</source>
        <translation>yellow card</translation>
    </message>
    <message>
        <source>红牌督办</source>
        <translation>red card</translation>
    </message>
</context>
<context>
    <name>SupervisionActions</name>
    <message>
        <source>启动督办…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <source>登记申诉…</source>
        <translation>Register appeal…</translation>
    </message>
</context>
<context>
    <name>SupervisionView</name>
    <message>
        <source>督办</source>
        <translation>Escalation</translation>
    </message>
    <message>
        <source>申诉</source>
        <translation>Appeals</translation>
    </message>
</context>
</TS>
