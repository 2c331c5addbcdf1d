<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>Charts</name>
    <message>
        <location filename="../../console/widgets/charts.py" line="24" />
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="24" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="24" />
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="24" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="24" />
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="132" />
        <source>预警灯变化（当日）</source>
        <translation>Warning lights today</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="135" />
        <source>红灯</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="135" />
        <source>黄灯</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="135" />
        <source>蓝灯</source>
        <translation>Blue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="135" />
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="148" />
        <source>件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="155" />
        <source>暂无数据</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="168" />
        <source>当前 蓝 {b}  黄 {y}  红 {r}</source>
        <translation>Now: blue {b}  yellow {y}  red {r}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="177" />
        <source>超期件数最多的单位</source>
        <translation>Units with most overdue cases</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="210" />
        <source>红灯件数</source>
        <translation>Red cases</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="210" />
        <source>当前没有超期件</source>
        <translation>No overdue cases</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="217" />
        <source>每小时受理与办结</source>
        <translation>Accepted and completed per hour</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="220" />
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="222" />
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="226" />
        <source>时</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="240" />
        <source>今日受理 {a} 件，办结 {c} 件</source>
        <translation>Today: {a} accepted, {c} completed</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="247" />
        <source>今日评价</source>
        <translation>Evaluations today</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="274" />
        <source>共 {n} 条，满意率 {r:.1f}%</source>
        <translation>{n} evaluations, {r:.1f}% satisfied</translation>
    </message>
    <message>
        <location filename="../../console/widgets/charts.py" line="276" />
        <source>今日暂无评价</source>
        <translation>No evaluations today</translation>
    </message>
</context>
<context>
    <name>ChartsView</name>
    <message>
        <location filename="../../console/views/charts_view.py" line="21" />
        <source>统计图表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../console/views/charts_view.py" line="23" />
        <source>全市统计</source>
        <translation>City totals</translation>
    </message>
</context>
<context>
    <name>Headline</name>
    <message>
        <location filename="../../console/widgets/headline.py" line="52" />
        <source>在办件</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="52" />
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="52" />
        <source>蓝灯</source>
        <translation>Blue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="52" />
        <source>黄灯</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="53" />
        <source>红灯</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="53" />
        <source>红灯已确认</source>
        <translation>Red (ack'd)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="53" />
        <source>待确认报警</source>
        <translation>Alarms to ack</translation>
    </message>
    <message>
        <source>效能投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>在办投诉 {n} 件：红灯 {r}，黄灯 {y}，蓝灯 {b}</source>
        <translation>{n} open complaints: {r} red, {y} yellow, {b} blue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="54" />
        <source>临时期限</source>
        <translation>Provisional</translation>
    </message>
    <message>
        <source>全市临时期限</source>
        <translation>Provisional (city)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/headline.py" line="54" />
        <source>数据时间</source>
        <translation>Data as of</translation>
    </message>

    <message>
        <source>今日到期 {a} 件，明日起转红（除非今日办结）；下一工作日到期 {b} 件</source>
        <translation>{a} due today, red tomorrow unless completed today; {b} due on the next working day</translation>
    </message>
</context>
<context>
    <name>LightGrid</name>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="129" />
        <source>蓝</source>
        <extracomment>the new phase (True = bright) on every half period the cell was clicked or Enter was pressed on it (unit_id)</extracomment>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="129" />
        <source>黄</source>
        <translation>Y</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="129" />
        <source>红</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="139" />
        <source>在办 {n}</source>
        <translation>Open {n}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="141" />
        <location filename="../../console/widgets/lightgrid.py" line="160" />
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="144" />
        <source>已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="147" />
        <source>已确认 {n}</source>
        <translation>Ack'd {n}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="159" />
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="159" />
        <source>蓝灯</source>
        <translation>Blue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="159" />
        <source>黄灯</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="159" />
        <source>红灯（未确认）</source>
        <translation>Red (unacknowledged)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="160" />
        <source>红灯已确认</source>
        <translation>Red (ack'd)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/lightgrid.py" line="164" />
        <location filename="../../console/widgets/lightgrid.py" line="300" />
        <source>数据中断</source>
        <extracomment>a unit was chosen for drill-down (click or Enter): unit_id</extracomment>
        <translation>DATA INTERRUPTED</translation>
    </message>

    <message>
        <source>告警 {n}</source>
        <translation>{n} alarms</translation>
    </message>
    <message>
        <source>数据中断（审批系统长时间未报送）</source>
        <translation>Feed silent (the approval system has sent nothing for too long)</translation>
    </message>
    <message>
        <source>未确认告警 {n} 条</source>
        <translation>{n} unacknowledged alarms</translation>
    </message>
    <message>
        <source>最后报送 {at}</source>
        <translation>last record {at}</translation>
    </message>
</context>
<context>
    <name>ScreenManager</name>
    <message>
        <location filename="../../console/shell/screens.py" line="48" />
        <source>市级部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../console/shell/screens.py" line="48" />
        <source>区（市）县</source>
        <translation>Districts</translation>
    </message>
    <message>
        <location filename="../../console/shell/screens.py" line="48" />
        <source>统计图表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../console/shell/screens.py" line="49" />
        <source>报警队列</source>
        <translation>Alarm queue</translation>
    </message>
    <message>
        <location filename="../../console/shell/screens.py" line="49" />
        <source>单位明细</source>
        <translation>Unit details</translation>
    </message>
    <message>
        <location filename="../../console/shell/screens.py" line="160" />
        <source>行政审批电子监察</source>
        <extracomment>the operator switched tab, or the carousel did (index)</extracomment>
        <translation>Approval Supervision</translation>
    </message>
    <message>
        <location filename="../../console/shell/screens.py" line="252" />
        <source>此视图未提供：{name}</source>
        <extracomment>the views were re-homed after a monitor change: {window name: [view names]}</extracomment>
        <translation>View not available: {name}</translation>
    </message>

    <message>
        <source>即将转红</source>
        <translation>Red next</translation>
    </message>
</context>
<context>
    <name>StaleBanner</name>
    <message>
        <location filename="../../console/widgets/banner.py" line="64" />
        <source>数据库连接中断，显示的是 {time} 的数据</source>
        <extracomment>(stale, kind, message): kind is "down" | "stale" | "" ; emitted only on change of stale/kind/message</extracomment>
        <translation>Database connection lost: showing data as of {time}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/banner.py" line="67" />
        <source>数据已过期，显示的是 {time} 的数据</source>
        <translation>Data is stale: showing data as of {time}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/banner.py" line="118" />
        <source>临时日历：{note}</source>
        <translation>Provisional calendar: {note}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/banner.py" line="151" />
        <source>超过 {n} 秒未更新</source>
        <translation>no update for over {n} s</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <location filename="../../console/views/wall.py" line="32" />
        <source>市级部门</source>
        <extracomment>a unit was chosen on the grid (unit_id)</extracomment>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../console/views/wall.py" line="32" />
        <source>区（市）县</source>
        <translation>Districts</translation>
    </message>
    <message>
        <location filename="../../console/views/wall.py" line="59" />
        <source>数据中断</source>
        <translation>DATA INTERRUPTED</translation>
    </message>
</context>
<context>
    <name>DataTexts</name>
    <message>
        <source>督办逾期</source>
        <translation>Escalation overdue</translation>
    </message>
    <message>
        <source>超过承诺时限</source>
        <translation>Past the promised limit</translation>
    </message>
    <message>
        <source>超过法定时限</source>
        <translation>Past the statutory limit</translation>
    </message>
    <message>
        <source>环节超时</source>
        <translation>Step overdue</translation>
    </message>
    <message>
        <source>补正告知超时</source>
        <translation>Late supplement notice</translation>
    </message>
    <message>
        <source>收费不规范</source>
        <translation>Irregular fees</translation>
    </message>
    <message>
        <source>不予受理/不予许可未说明理由</source>
        <translation>Refusal without reasons</translation>
    </message>
    <message>
        <source>办结后报特别程序</source>
        <translation>Special procedure reported after completion</translation>
    </message>
    <message>
        <source>整改逾期</source>
        <translation>Rectification overdue</translation>
    </message>
    <message>
        <source>特别程序倒签</source>
        <translation>Back-dated special procedure</translation>
    </message>
    <message>
        <source>受理超时</source>
        <translation>Acceptance overdue</translation>
    </message>
    <message>
        <source>差评</source>
        <translation>Bad rating</translation>
    </message>
    <message>
        <source>逾期受理</source>
        <translation>Late acceptance</translation>
    </message>
    <message>
        <source>投诉受理超时</source>
        <translation>Complaint acceptance overdue</translation>
    </message>
    <message>
        <source>投诉答复超时</source>
        <translation>Complaint reply overdue</translation>
    </message>
    <message>
        <source>{year}年起的节假日安排尚未发布：{n}件办件的期限暂按周末计算，标注为“临时”</source>
        <translation>The holidays from {year} on are not published yet: the due dates of {n} cases are counted on weekends only and marked &quot;provisional&quot;</translation>
    </message>
</context>
<context>
    <name>ControlRoom</name>
    <message>
        <source>没有待确认的红色告警对话框</source>
        <translation>No red alarm dialog is waiting</translation>
    </message>
    <message>
        <source>红色告警已暂放到报警队列，仍待确认；按 F9 调回告警对话框</source>
        <translation>The red alarm was set aside to the alarm queue and still awaits acknowledgement; F9 brings the dialog back</translation>
    </message>
</context>
<context>
    <name>ScreenManager</name>
    <message>
        <source>左侧大屏</source>
        <translation>left wall</translation>
    </message>
    <message>
        <source>中央大屏</source>
        <translation>centre wall</translation>
    </message>
    <message>
        <source>右侧大屏</source>
        <translation>right wall</translation>
    </message>
    <message>
        <source>值班台</source>
        <translation>desk</translation>
    </message>
    <message>
        <source>监察台</source>
        <translation>console</translation>
    </message>
    <message>
        <source>原属屏幕“{screen}”（该显示器未连接）</source>
        <translation>Belongs on the {screen} screen (that monitor is not connected)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>退出已锁定的监察台须先输入用户名和密码</source>
        <translation>Quitting a locked console takes a user name and password</translation>
    </message>
    <message>
        <source>长时间无操作</source>
        <translation>no input for a while</translation>
    </message>
    <message>
        <source>手动锁定</source>
        <translation>locked by hand</translation>
    </message>
    <message>
        <source>监察台已锁定（{name}，{why}）。大屏照常刷新，告警照常提示；请重新登录，或由其他值班员登录接班。</source>
        <translation>The console is locked ({name}, {why}). The walls keep updating and alarms keep sounding; log in again, or another operator takes over.</translation>
    </message>
    <message>
        <source>退出已锁定的监察台须先登录：请输入用户名和密码</source>
        <translation>Quitting a locked console takes a log-in: enter a user name and password</translation>
    </message>
    <message>
        <source>监察台已锁定：退出须先输入用户名和密码，再按“退出监察台”</source>
        <translation>The console is locked: to quit, enter a user name and password, then press &quot;Quit&quot;</translation>
    </message>
</context>
<context>
    <name>AlarmDialog</name>
    <message>
        <source>查看办件 (Ctrl+Enter)</source>
        <translation>Open case (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>FloodDialog</name>
    <message>
        <source>查看办件 (Ctrl+Enter)</source>
        <translation>Open case (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>RectificationDialog</name>
    <message>
        <source>请写明整改要求</source>
        <translation>Write what is to be rectified</translation>
    </message>
</context>
<context>
    <name>RedNextView</name>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>今日到期（明日转红）{a} 件，下一工作日到期 {b} 件</source>
        <translation>{a} due today (red tomorrow), {b} due on the next working day</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <location filename="../../console/views/video_view.py" line="33" />
        <source>视频不可用：本机缺少 Qt Multimedia（{e}）</source>
        <translation>Video unavailable: Qt Multimedia is missing on this computer ({e})</translation>
    </message>
</context>
<context>
    <name>Video</name>
    <message>
        <location filename="../../console/widgets/video.py" line="166" />
        <source>连接中…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../console/widgets/video.py" line="179" />
        <source>无信号</source>
        <translation>No signal</translation>
    </message>
</context>
</TS>
